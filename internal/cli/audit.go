package cli

import (
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/access"
)

func init() {
	register(command{name: "audit", usage: "audit verify — de hashketen van het auditlog controleren", run: runAudit})
}

func runAudit(e *env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("gebruik: ontschot audit verify [--json] / usage: audit verify")
	}
	fs := e.flags("audit verify")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := access.VerifyAudit(e.ctx, st)
	if err != nil {
		return err
	}
	if e.json {
		if err := e.printJSON(rep); err != nil {
			return err
		}
	} else if rep.OK {
		fmt.Fprintf(e.stdout, "auditlog in orde: %d regels, laatste %d met hash %s\n", rep.Records, rep.HeadSeq, rep.HeadHash)
	}
	if !rep.OK {
		return &exitError{code: 1, msg: "auditlog is aangetast / audit log broken: " + rep.Problem}
	}
	return nil
}
