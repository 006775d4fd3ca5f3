package extract

// trie indexes phrases, sequences of normalised words, for matching at
// every token of a document: a walk from a token follows one map entry
// per word, so finding the longest phrase that starts there costs one
// look-up per word matched, however many phrases share a prefix. Every
// node holds a value of type V: what the phrase that ends there means to
// the caller, or the zero V.
type trie[V any] struct {
	next map[trieEdge]int32
	vals []V // by node; node 0 is the root
}

type trieEdge struct {
	from int32
	word string
}

func newTrie[V any]() *trie[V] { return &trie[V]{next: map[trieEdge]int32{}, vals: make([]V, 1)} }

// find returns the value of phrase's node, or false when it has none.
func (t *trie[V]) find(phrase []string) (*V, bool) {
	node := int32(0)
	for _, w := range phrase {
		var ok bool
		if node, ok = t.next[trieEdge{node, w}]; !ok {
			return nil, false
		}
	}
	return &t.vals[node], true
}

// insert returns the value of phrase's node, making the missing nodes.
// The pointer is valid until the next insert. The trie keeps the words:
// callers pass strings they do not mind it holding.
func (t *trie[V]) insert(phrase []string) *V {
	node := int32(0)
	for _, w := range phrase {
		n, ok := t.next[trieEdge{node, w}]
		if !ok {
			n = int32(len(t.vals))
			t.vals = append(t.vals, *new(V))
			t.next[trieEdge{node, w}] = n
		}
		node = n
	}
	return &t.vals[node]
}

// longest returns the number of words of the longest phrase that starts
// words and whose value accept takes, and that value; 0 and the zero V
// when there is none.
func (t *trie[V]) longest(words []string, accept func(V) bool) (int, V) {
	n, best, node := 0, *new(V), int32(0)
	for k, w := range words {
		var ok bool
		if node, ok = t.next[trieEdge{node, w}]; !ok {
			break
		}
		if v := t.vals[node]; accept(v) {
			n, best = k+1, v
		}
	}
	return n, best
}
