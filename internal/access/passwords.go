package access

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 12

//go:embed common-passwords.txt
var commonPasswordFile string

// commonPasswords holds the embedded list, lower case.
var commonPasswords = func() map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(commonPasswordFile, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out[l] = true
		}
	}
	return out
}()

// CheckPasswordStrength refuses a password shorter than MinPasswordLength,
// one on the list of common passwords that ships with the binary, or one
// that is (a variant of) the user name.
func CheckPasswordStrength(username, password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return fmt.Errorf("een wachtwoord moet minstens %d tekens hebben / password must have at least %d characters", MinPasswordLength, MinPasswordLength)
	}
	low := strings.ToLower(password)
	if commonPasswords[low] {
		return fmt.Errorf("dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden; kies een ander / this password is too common")
	}
	if u := strings.ToLower(strings.TrimSpace(username)); u != "" && strings.Contains(low, u) && len(low) < len(u)+MinPasswordLength/2 {
		return fmt.Errorf("een wachtwoord mag niet op de gebruikersnaam lijken / password too close to the user name")
	}
	return nil
}
