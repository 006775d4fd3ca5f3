package accurate

// File returns the embedded model file, for the load benchmark.
func File() []byte { return file }
