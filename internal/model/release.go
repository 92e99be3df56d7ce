package model

// ReleaseInfo describes one published release (meting) version.
type ReleaseInfo struct {
	ID            int64  `json:"id"`
	Period        string `json:"period"`
	Version       int    `json:"version"`
	CreatedAt     string `json:"created_at"`
	CreatedBy     string `json:"created_by"`
	Households    int64  `json:"-"` // unrounded; internal only
	Deliveries    int64  `json:"-"`
	MaxDeliveryID int64  `json:"-"`
	MaxImportID   int64  `json:"-"`
	Rules         string `json:"-"`
}

// Cell is one published cell. Suppressed cells have nil numbers.
type Cell struct {
	Level      string `json:"level"`
	Area       string `json:"area"`
	By         string `json:"by"`
	Category   string `json:"category"`
	Households *int64 `json:"households"`
	Persons    *int64 `json:"persons"`
	AmountEUR  *int64 `json:"amount_eur"`
	Suppressed bool   `json:"suppressed"`
	Reason     string `json:"reason"`
	Rule       string `json:"rule,omitempty"`
}

// ReleaseExtra is a published figure set beside the cells (concentration,
// Lorenz points), stored as a JSON body.
type ReleaseExtra struct {
	Kind, Level, Area string
	Body              string
}

// Area is an area as stored; Geometry is in the areas package's encoding.
type Area struct {
	Code, Level, Name       string
	Gemeente, Wijk          string
	Inhabitants, Households int64
	Geometry                []byte
	// Derived marks a wijk or gemeente that the file only implies through its
	// children (areas.Area.Derived): stored when the code is new, it never
	// replaces a real record, whatever the order of the imports.
	Derived bool
}

// BlokRow is one postcode (pc6) of a blok frozen for a release year: the
// blok table names the postcodes each blok covers.
type BlokRow struct{ Buurt, PC6, Blok string }
