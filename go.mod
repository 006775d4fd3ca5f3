module github.com/namen-nlp/namen

go 1.24

require github.com/blevesearch/snowballstem v0.9.0
