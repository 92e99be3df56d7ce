package model

// CorrectionRequest is a family's "klopt er iets niet?": a request to
// correct something about a person (the member or a minor), optionally
// one delivery. Body is free text with every BSN masked before it is
// stored. It goes to the household's professional (and the admin where no
// professional is assigned), never to the analyst.
type CorrectionRequest struct {
	ID         int64  `json:"id"`
	Household  string `json:"household"` // the person's household when asked; "" for none
	Subject    string `json:"subject"`   // person pseudonym it is about
	Author     string `json:"author"`    // user name of the member who asked
	DeliveryID *int64 `json:"delivery_id"`
	Body       string `json:"body"`
	CreatedAt  string `json:"created_at"`
	HandledBy  string `json:"handled_by"`
	HandledAt  string `json:"handled_at"`
	// Delivery describes the delivery it is about (when there is one), read
	// with the request.
	Delivery *DeliveryRow `json:"delivery,omitempty"`
	// Assigned says whether a professional is assigned to the household
	// today (for the admin's list; set by the admin's query only).
	Assigned bool `json:"-"`
}

// Handled says whether a professional or admin marked the request handled.
func (c CorrectionRequest) Handled() bool { return c.HandledBy != "" }

// Contact is how a family reaches the professional assigned to them: the
// name and e-mail address of the account, nothing else.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}
