package extract

// trie indexes phrases, sequences of normalised words, for matching at
// every token of a document: a walk from a token follows one map entry
// per word, so finding the longest phrase that starts there costs one
// look-up per word matched, however many phrases share a prefix. Nodes
// are numbered from 1 in the order they are made (0 is the root);
// callers keep what a node means in their own slices, indexed by node.
type trie struct {
	next  map[trieEdge]int32
	nodes int32 // nodes made, the root not counted
}

type trieEdge struct {
	from int32
	word string
}

func newTrie() *trie { return &trie{next: map[trieEdge]int32{}} }

// child returns the node reached from node by word.
func (t *trie) child(node int32, word string) (int32, bool) {
	n, ok := t.next[trieEdge{node, word}]
	return n, ok
}

// find returns the node of phrase, or false when it has none.
func (t *trie) find(phrase []string) (int32, bool) {
	node := int32(0)
	for _, w := range phrase {
		var ok bool
		if node, ok = t.child(node, w); !ok {
			return 0, false
		}
	}
	return node, true
}

// insert returns the node of phrase, making the missing ones. The trie
// keeps the words: callers pass strings they do not mind it holding.
func (t *trie) insert(phrase []string) int32 {
	node := int32(0)
	for _, w := range phrase {
		n, ok := t.child(node, w)
		if !ok {
			t.nodes++
			n = t.nodes
			t.next[trieEdge{node, w}] = n
		}
		node = n
	}
	return node
}
