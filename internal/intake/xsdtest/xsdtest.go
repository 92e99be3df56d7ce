// Package xsdtest validates iJw/iWmo 3.2 messages against the official XSDs
// with xmllint, for the tests of every package that writes them. The XSDs
// are the reference copies in ../shared/data/istandaarden_3_2 beside the
// repository; they are read from there and never copied into it.
package xsdtest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sharedDir is the reference material, relative to the module root.
const sharedDir = "../shared/data/istandaarden_3_2"

// Schemas returns the directory with the jw/ and wmo/ XSDs, or skips the
// test visibly when xmllint or the reference material is absent.
func Schemas(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("SKIP: xmllint not installed (Debian: libxml2-utils); the XSD validation of written messages did not run")
	}
	root, err := moduleRoot()
	if err != nil {
		t.Skipf("SKIP: module root not found (%v); the XSD validation did not run", err)
	}
	dir := filepath.Join(root, sharedDir)
	if _, err := os.Stat(filepath.Join(dir, "jw", "xsd", "JW323.xsd")); err != nil {
		t.Skipf("SKIP: reference XSDs %s not available (%v); the XSD validation of written messages did not run", dir, err)
	}
	return dir
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

var messageNamespace = regexp.MustCompile(`istandaarden\.nl/(ijw|iwmo)/3_2/(jw|wmo)(\d{3})/schema`)

// Bericht returns the message type ("JW323", "WMO301") from the namespace
// declared on the root element, or "" when the root is not a bare iJw/iWmo
// 3.2 message (an envelope, another release).
func Bericht(doc []byte) string {
	root := rootTag(doc)
	m := messageNamespace.FindSubmatch(root)
	if m == nil {
		return ""
	}
	return strings.ToUpper(string(m[2])) + string(m[3])
}

// rootTag returns the root element's start tag: the first tag that is not
// a declaration, comment or processing instruction.
func rootTag(doc []byte) []byte {
	for {
		i := bytes.IndexByte(doc, '<')
		if i < 0 || i+1 >= len(doc) {
			return nil
		}
		doc = doc[i:]
		switch {
		case bytes.HasPrefix(doc, []byte("<!--")):
			end := bytes.Index(doc, []byte("-->"))
			if end < 0 {
				return nil
			}
			doc = doc[end+3:]
		case doc[1] == '?' || doc[1] == '!':
			doc = doc[1:]
		default:
			end := bytes.IndexByte(doc, '>')
			if end < 0 {
				return nil
			}
			return doc[:end+1]
		}
	}
}

// Validate runs `xmllint --noout --schema <dir>/{jw,wmo}/xsd/<MSG>.xsd path`
// and fails the test with xmllint's own messages when the file does not
// validate.
func Validate(t testing.TB, schemas, path string) {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bericht := Bericht(doc)
	std := "jw"
	if strings.HasPrefix(bericht, "WMO") {
		std = "wmo"
	}
	xsd := filepath.Join(schemas, std, "xsd", bericht+".xsd")
	if _, err := os.Stat(xsd); bericht == "" || err != nil {
		t.Errorf("%s: no official 3.2 XSD for message type %q", filepath.Base(path), bericht)
		return
	}
	var out bytes.Buffer
	cmd := exec.Command("xmllint", "--noout", "--schema", xsd, path)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Errorf("%s does not validate against %s/xsd/%s.xsd:\n%s", filepath.Base(path), std, bericht, out.String())
	}
}
