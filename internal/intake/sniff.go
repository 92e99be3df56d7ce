package intake

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
)

// Format is the kind of a delivery file, told from its first bytes.
type Format int

const (
	FormatCSV Format = iota + 1
	FormatXML
)

func (f Format) String() string {
	switch f {
	case FormatCSV:
		return "csv"
	case FormatXML:
		return "xml"
	}
	return "onbekend"
}

// ErrEmptyFile and ErrBinaryFile are what SniffFormat cannot read.
var (
	ErrEmptyFile  = errors.New("leeg bestand / empty file")
	ErrBinaryFile = errors.New("geen tekstbestand (CSV of XML); een Excel- of zipbestand? / not a text file (CSV or XML); an Excel or zip file?")
)

// SniffFormat tells CSV from XML by the first non-blank character after an
// optional UTF-8 BOM: '<' is XML, anything else readable is CSV. head is
// the start of the file; 512 bytes is plenty.
func SniffFormat(head []byte) (Format, error) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return 0, ErrEmptyFile
	}
	if bytes.IndexByte(head, 0) >= 0 || bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return 0, ErrBinaryFile
	}
	if head[0] == '<' {
		return FormatXML, nil
	}
	return FormatCSV, nil
}

var xmlSniffNS = regexp.MustCompile(`http://www\.istandaarden\.nl/(ijw|iwmo)/([0-9_]+)/([a-z]+[0-9]+)/schema`)

// SniffBericht returns the message kind an iJw/iWmo XML head declares,
// from the first message namespace in it (not the basisschema): "JW323",
// "WMO323", "JW301", "WMO301", or what else it is ("JW303", "JW315", …),
// with the release when it is not 3.2 ("JW303 2.4"). It returns "" when
// head names no iStandaarden message. ParseXML decides what is accepted;
// this is for the import report and for routing files before parsing.
// Give it the first 4 KB: a leading comment can push the namespaces past 512 bytes.
func SniffBericht(head []byte) string {
	m := xmlSniffNS.FindSubmatch(head)
	if m == nil {
		return ""
	}
	name := strings.ToUpper(string(m[3]))
	if string(m[2]) != xmlRelease {
		name += " " + strings.ReplaceAll(string(m[2]), "_", ".")
	}
	return name
}
