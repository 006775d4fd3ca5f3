module github.com/namen-nlp/namen/model/accurate

go 1.24.0

replace github.com/namen-nlp/namen => ../..

require github.com/namen-nlp/namen v0.0.0-00010101000000-000000000000

require (
	github.com/deckarep/golang-set v1.7.1 // indirect
	github.com/jdkato/prose/v2 v2.0.0 // indirect
	github.com/mingrammer/commonregex v1.0.1 // indirect
	golang.org/x/sys v0.38.0 // indirect
	golang.org/x/text v0.31.0 // indirect
	gonum.org/v1/gonum v0.7.0 // indirect
	gopkg.in/neurosnap/sentences.v1 v1.0.6 // indirect
)
