module github.com/namen-nlp/namen

go 1.24.0

require (
	github.com/blevesearch/snowballstem v0.9.0
	golang.org/x/text v0.31.0
)

require golang.org/x/sys v0.38.0

require (
	github.com/deckarep/golang-set v1.7.1 // indirect
	github.com/google/go-cmp v0.7.0
	github.com/jdkato/prose/v2 v2.0.0
	github.com/mingrammer/commonregex v1.0.1 // indirect
	gonum.org/v1/gonum v0.7.0 // indirect
	gopkg.in/neurosnap/sentences.v1 v1.0.6
)
