package store

import (
	"strings"
	"testing"
)

// Two pseudonyms that differ anywhere — label, any letter, the last one —
// must never share a cache key: a shared key would put one person's
// delivery under another's id.
func TestPersonCacheKeysAreExact(t *testing.T) {
	base := "hp1:" + strings.Repeat("a", 52)
	keys := map[personKey]string{}
	add := func(p string) {
		k, ok := packPseudonym(p)
		if !ok {
			t.Fatalf("%q not packed", p)
		}
		if other, dup := keys[k]; dup && other != p {
			t.Fatalf("%q and %q share a key", p, other)
		}
		keys[k] = p
	}
	add(base)
	for i := 4; i < len(base); i++ {
		for _, c := range "bz27" {
			add(base[:i] + string(c) + base[i+1:])
		}
	}
	add("hp2:" + strings.Repeat("a", 52))
	add("ha1:" + strings.Repeat("a", 52))
	add("hp10:" + strings.Repeat("a", 52))
	if len(keys) != 1+52*4+3 {
		t.Fatalf("%d keys", len(keys))
	}
	for _, bad := range []string{"", "p1", "hp1:" + strings.Repeat("a", 51) + "1", "hp1;" + strings.Repeat("a", 52), strings.Repeat("a", 57), "hp1:" + strings.Repeat("A", 52)} {
		if _, ok := packPseudonym(bad); ok {
			t.Errorf("%q packed", bad)
		}
	}
	c := newPersonCache()
	c.put(base, 7)
	c.put("test-person-1", 8)
	if id, ok := c.get(base); !ok || id != 7 {
		t.Errorf("packed: %d %v", id, ok)
	}
	if id, ok := c.get("test-person-1"); !ok || id != 8 {
		t.Errorf("other: %d %v", id, ok)
	}
	if _, ok := c.get("hp1:" + strings.Repeat("a", 51) + "b"); ok {
		t.Error("unknown pseudonym found")
	}
	if c.len() != 2 {
		t.Errorf("len %d", c.len())
	}
}
