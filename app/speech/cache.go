package speech

import (
	"container/list"
	"sync"
)

// lru is a least-recently-used cache bounded by the total size of its
// values. Written here rather than taken from a library: the well-known Go
// LRU packages bound the number of entries, not bytes, and ristretto's
// admission policy may refuse a set, which would make the "cached" figure
// and the tests nondeterministic. It is a list plus a map.
type lru struct {
	mu    sync.Mutex
	max   int64
	used  int64
	order *list.List // front = most recently used; values are *entry
	items map[string]*list.Element
}

type entry struct {
	key  string
	data []byte
}

func newLRU(maxBytes int64) *lru {
	return &lru{max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry).data, true
}

// put stores data under key and evicts the least recently used entries until
// the total fits. A value larger than the whole bound is not stored.
func (c *lru) put(key string, data []byte) {
	size := int64(len(data) + len(key))
	if size > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.used -= int64(len(el.Value.(*entry).data) + len(key))
		c.order.Remove(el)
		delete(c.items, key)
	}
	for c.used+size > c.max {
		last := c.order.Back()
		e := last.Value.(*entry)
		c.order.Remove(last)
		delete(c.items, e.key)
		c.used -= int64(len(e.data) + len(e.key))
	}
	c.items[key] = c.order.PushFront(&entry{key: key, data: data})
	c.used += size
}

// stats returns the number of entries and the bytes they hold.
func (c *lru) stats() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.used
}
