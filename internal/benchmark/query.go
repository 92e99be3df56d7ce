package benchmark

// Query is one peer comparison as the command line and the web ask it.
type Query struct {
	Gemeente      string   // Iv3 name or GM code
	Jaar          int      // year of the document
	Document      string   // begroting | jaarrekening
	Peers         []string // names or GM codes; empty: the same Iv3 classes
	Vanaf         int      // growth since this year; 0: none
	VanafDocument string   // document of Vanaf; empty: Document
	Meting        string   // put this release's spend beside the groups; empty: none
}

// Held is one year's document that the store holds.
type Held struct {
	Jaar     int    `json:"jaar"`
	Document string `json:"document"`
}
