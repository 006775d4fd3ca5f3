module github.com/namen-nlp/namen

go 1.24.0

require (
	github.com/blevesearch/snowballstem v0.9.0
	golang.org/x/text v0.31.0
)

require github.com/google/go-cmp v0.7.0 // indirect
