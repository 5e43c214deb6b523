package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
)

// scan walks a bbolt file image with bounds checks on every page, element,
// key and value reachable from its current meta page, before bbolt is
// allowed to read it.
//
// Why by hand: bbolt reads its pages through a memory map and trusts their
// headers. A damaged element offset makes it read outside the file, which
// is a fatal fault, not a panic, and tx.Check runs in a goroutine of its
// own where SetPanicOnFault cannot reach. Walking the image as a plain
// []byte first turns every such damage into an error; afterwards bbolt's
// own Check (key order, double frees, unreachable pages) reads only in
// bounds. The layout walked is bbolt's file format version 2, which has
// not changed since bbolt began.
func scan(img []byte) error {
	ne := binary.NativeEndian // bbolt writes its structures in the machine's byte order
	type meta struct {
		pageSize                 int
		root, freelist, hw, txid uint64
	}
	readMeta := func(off int) (meta, bool) {
		if off < 0 || off+16+64 > len(img) {
			return meta{}, false
		}
		m := img[off+16 : off+16+64]
		if ne.Uint32(m[0:]) != 0xED0CDAED || ne.Uint32(m[4:]) != 2 {
			return meta{}, false
		}
		h := fnv.New64a()
		h.Write(m[:56])
		if h.Sum64() != ne.Uint64(m[56:]) {
			return meta{}, false
		}
		return meta{pageSize: int(ne.Uint32(m[8:])), root: ne.Uint64(m[16:]), freelist: ne.Uint64(m[32:]),
			hw: ne.Uint64(m[40:]), txid: ne.Uint64(m[48:])}, true
	}
	var best meta
	found := false
	m0, ok0 := readMeta(0)
	if ok0 {
		best, found = m0, true
	}
	for _, ps := range []int{m0.pageSize, 4096, 8192, 16384, 32768, 65536} {
		if ps == 0 {
			continue
		}
		if m1, ok := readMeta(ps); ok && m1.pageSize == ps && (!found || m1.txid > best.txid) {
			best, found = m1, true
			break
		}
	}
	if !found {
		return errors.New("neither meta page is valid")
	}
	ps := best.pageSize
	if ps < 1024 || ps > 1<<20 || ps&(ps-1) != 0 {
		return fmt.Errorf("page size %d is not plausible", ps)
	}
	if best.hw < 4 || best.hw > uint64(len(img)/ps) {
		return fmt.Errorf("the file is %d bytes but its header says %d pages of %d: it was cut short", len(img), best.hw, ps)
	}
	hw := best.hw

	// page returns the extent of page id (with its overflow pages).
	page := func(id uint64) ([]byte, error) {
		if id < 2 || id >= hw {
			return nil, fmt.Errorf("page %d is outside the file (2 to %d)", id, hw-1)
		}
		p := img[id*uint64(ps):]
		if got := ne.Uint64(p); got != id {
			return nil, fmt.Errorf("page %d: header says it is page %d", id, got)
		}
		over := uint64(ne.Uint32(p[12:]))
		if id+1+over > hw {
			return nil, fmt.Errorf("page %d: %d overflow pages run past the end", id, over)
		}
		return p[:(1+over)*uint64(ps)], nil
	}

	if best.freelist != ^uint64(0) {
		p, err := page(best.freelist)
		if err != nil {
			return fmt.Errorf("freelist: %w", err)
		}
		if flags := ne.Uint16(p[8:]); flags != 0x10 {
			return fmt.Errorf("freelist page %d has flags %#x", best.freelist, flags)
		}
		n, ids := uint64(ne.Uint16(p[10:])), p[16:]
		if n == 0xFFFF {
			n, ids = ne.Uint64(p[16:]), p[24:]
		}
		if n > uint64(len(ids)/8) {
			return fmt.Errorf("freelist page %d lists %d pages, more than it holds", best.freelist, n)
		}
		for i := range n {
			if id := ne.Uint64(ids[8*i:]); id < 2 || id >= hw {
				return fmt.Errorf("freelist page %d frees page %d, outside the file", best.freelist, id)
			}
		}
	}

	visited := map[uint64]bool{}
	var tree func(p []byte, id uint64, depth int) error
	tree = func(p []byte, id uint64, depth int) error {
		if depth > 64 {
			return fmt.Errorf("page %d: the tree is deeper than 64", id)
		}
		if len(p) < 16 {
			return fmt.Errorf("page %d: shorter than its header", id)
		}
		flags, count := ne.Uint16(p[8:]), int(ne.Uint16(p[10:]))
		if 16+16*count > len(p) {
			return fmt.Errorf("page %d: %d elements do not fit", id, count)
		}
		for i := range count {
			e := 16 + 16*i
			switch flags {
			case 0x01: // branch: pos, ksize, pgid
				pos, ksize, child := uint64(ne.Uint32(p[e:])), uint64(ne.Uint32(p[e+4:])), ne.Uint64(p[e+8:])
				if uint64(e)+pos+ksize > uint64(len(p)) {
					return fmt.Errorf("page %d: key %d runs past the page", id, i)
				}
				if visited[child] {
					return fmt.Errorf("page %d: page %d is reached twice", id, child)
				}
				visited[child] = true
				cp, err := page(child)
				if err != nil {
					return fmt.Errorf("page %d: %w", id, err)
				}
				if err := tree(cp, child, depth+1); err != nil {
					return err
				}
			case 0x02: // leaf: flags, pos, ksize, vsize
				lf, pos, ksize, vsize := ne.Uint32(p[e:]), uint64(ne.Uint32(p[e+4:])), uint64(ne.Uint32(p[e+8:])), uint64(ne.Uint32(p[e+12:]))
				end := uint64(e) + pos + ksize + vsize
				if end > uint64(len(p)) {
					return fmt.Errorf("page %d: key/value %d runs past the page", id, i)
				}
				if lf&0x01 == 0 {
					continue
				}
				v := p[end-vsize : end]
				if len(v) < 16 {
					return fmt.Errorf("page %d: bucket %d has a %d-byte header", id, i, len(v))
				}
				if root := ne.Uint64(v); root == 0 {
					if err := tree(v[16:], id, depth+1); err != nil { // inline bucket
						return err
					}
				} else {
					if visited[root] {
						return fmt.Errorf("page %d: page %d is reached twice", id, root)
					}
					visited[root] = true
					rp, err := page(root)
					if err != nil {
						return fmt.Errorf("page %d: bucket %d: %w", id, i, err)
					}
					if err := tree(rp, root, depth+1); err != nil {
						return err
					}
				}
			default:
				return fmt.Errorf("page %d: flags %#x, want a branch or leaf page", id, flags)
			}
		}
		return nil
	}
	visited[best.root] = true
	rp, err := page(best.root)
	if err != nil {
		return fmt.Errorf("root bucket: %w", err)
	}
	return tree(rp, best.root, 0)
}
