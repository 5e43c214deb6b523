package collector

import (
	"fmt"
	"os"

	"tramhocso/app/stats/wire"
	"tramhocso/app/yamlfile"
)

// Kiosk is one registered kiosk.
type Kiosk struct {
	ID string `yaml:"id"`
	// Key is the kiosk's signing key, 64 hex digits (the same text as the
	// kiosk's kiosk-config/secrets key file).
	Key string `yaml:"key"`
	// Province and Commune, when set, override what the kiosk's batches say.
	Province string `yaml:"province"`
	Commune  string `yaml:"commune"`

	key []byte
}

// Registry is the set of kiosks whose batches are accepted.
type Registry struct {
	kiosks map[string]Kiosk
}

type registryFile struct {
	Kiosks []Kiosk `yaml:"kiosks"`
}

// LoadRegistry reads a registry file. It holds keys, so it must be private to
// its owner (mode 0600); every problem is reported as file:line: path: problem.
func LoadRegistry(path string) (*Registry, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("kiosk registry: %w", err)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("kiosk registry %s: mode %04o lets others read the keys (chmod 600 %s)", path, perm, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("kiosk registry: %w", err)
	}
	return ParseRegistry(path, data)
}

// ParseRegistry checks a registry file's contents; name is used in problems.
func ParseRegistry(name string, data []byte) (*Registry, error) {
	var f registryFile
	root, probs := yamlfile.Decode(name, data, &f)
	if root == nil || len(probs) > 0 {
		return nil, probs.Err()
	}
	add := func(path, msg, fix string) { probs.Add(name, yamlfile.Line(root, path), path, msg, fix) }
	reg := &Registry{kiosks: map[string]Kiosk{}}
	if len(f.Kiosks) == 0 {
		add("kiosks", "lists no kiosk", "add one entry per kiosk: `tramhocso collector keygen --kiosk ID` prints it")
	}
	for i, k := range f.Kiosks {
		p := fmt.Sprintf("kiosks.%d", i)
		if !wire.KioskIDRE.MatchString(k.ID) {
			add(p+".id", fmt.Sprintf("%q is not a valid kiosk id", k.ID), "use the kiosk's kiosk.id from its kiosk.yaml")
			continue
		}
		if _, dup := reg.kiosks[k.ID]; dup {
			add(p+".id", fmt.Sprintf("kiosk %s is listed twice", k.ID), "keep one entry per kiosk")
			continue
		}
		key, err := wire.ParseKey([]byte(k.Key))
		if err != nil {
			add(p+".key", err.Error(), "")
			continue
		}
		k.key = key
		reg.kiosks[k.ID] = k
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return reg, nil
}

// Len is the number of registered kiosks.
func (r *Registry) Len() int { return len(r.kiosks) }
