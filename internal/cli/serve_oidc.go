package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/oidclogin"
)

// oidcFlags are the OpenID Connect options of `ontschot serve`: the
// municipality's IdP for staff, a DigiD broker for families. Each flag has
// an environment variable; the client secrets come only from the
// environment (ONTSCHOT_OIDC_CLIENT_SECRET, ONTSCHOT_DIGID_CLIENT_SECRET),
// so they never show in a process list.
type oidcFlags struct {
	issuer, clientID, redirect, roleClaim, roles *string
	dIssuer, dClientID, dRedirect, dBSNClaim     *string
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func addOIDCFlags(fs *flag.FlagSet) *oidcFlags {
	return &oidcFlags{
		issuer:    fs.String("oidc-issuer", envOr("ONTSCHOT_OIDC_ISSUER", ""), "issuer van de inlogdienst van de gemeente (medewerkers; env ONTSCHOT_OIDC_ISSUER)"),
		clientID:  fs.String("oidc-client-id", envOr("ONTSCHOT_OIDC_CLIENT_ID", ""), "client-id bij die inlogdienst (env ONTSCHOT_OIDC_CLIENT_ID; geheim in ONTSCHOT_OIDC_CLIENT_SECRET)"),
		redirect:  fs.String("oidc-redirect", envOr("ONTSCHOT_OIDC_REDIRECT", ""), "terugkeeradres, https://ONTSCHOT/oidc/medewerker (env ONTSCHOT_OIDC_REDIRECT)"),
		roleClaim: fs.String("oidc-role-claim", envOr("ONTSCHOT_OIDC_ROLE_CLAIM", "groups"), "claim met groepen of rollen (env ONTSCHOT_OIDC_ROLE_CLAIM)"),
		roles:     fs.String("oidc-roles", envOr("ONTSCHOT_OIDC_ROLES", ""), "groep=rol,… bv. GG-Ontschot-Analisten=analyst,GG-Ontschot-Beheer=admin (env ONTSCHOT_OIDC_ROLES)"),
		dIssuer:   fs.String("digid-issuer", envOr("ONTSCHOT_DIGID_ISSUER", ""), "issuer van de DigiD-makelaar (gezinnen; env ONTSCHOT_DIGID_ISSUER)"),
		dClientID: fs.String("digid-client-id", envOr("ONTSCHOT_DIGID_CLIENT_ID", ""), "client-id bij de makelaar (env ONTSCHOT_DIGID_CLIENT_ID; geheim in ONTSCHOT_DIGID_CLIENT_SECRET)"),
		dRedirect: fs.String("digid-redirect", envOr("ONTSCHOT_DIGID_REDIRECT", ""), "terugkeeradres, https://ONTSCHOT/oidc/digid (env ONTSCHOT_DIGID_REDIRECT)"),
		dBSNClaim: fs.String("digid-bsn-claim", envOr("ONTSCHOT_DIGID_BSN_CLAIM", "bsn"), "claim met het BSN (env ONTSCHOT_DIGID_BSN_CLAIM)"),
	}
}

// clients connects to the configured providers; nil for one not set.
func (o *oidcFlags) clients(ctx context.Context, k *kluis.Kluis) (staff, family *oidclogin.Client, err error) {
	if *o.issuer != "" {
		roleMap := map[string]string{}
		for _, pair := range strings.Split(*o.roles, ",") {
			g, r, ok := strings.Cut(strings.TrimSpace(pair), "=")
			if !ok || g == "" || r == "" {
				continue
			}
			roleMap[g] = r
		}
		if len(roleMap) == 0 || *o.clientID == "" || *o.redirect == "" {
			return nil, nil, fmt.Errorf("--oidc-issuer vraagt ook --oidc-client-id, --oidc-redirect en --oidc-roles groep=rol / needs client id, redirect and role mapping")
		}
		staff, err = oidclogin.New(ctx, oidclogin.Config{Issuer: *o.issuer, ClientID: *o.clientID, ClientSecret: os.Getenv("ONTSCHOT_OIDC_CLIENT_SECRET"),
			RedirectURL: *o.redirect, Scopes: []string{"profile", "email"}, RoleClaim: *o.roleClaim, RoleMap: roleMap})
		if err != nil {
			return nil, nil, err
		}
	}
	if *o.dIssuer != "" {
		if *o.dClientID == "" || *o.dRedirect == "" {
			return nil, nil, fmt.Errorf("--digid-issuer vraagt ook --digid-client-id en --digid-redirect / needs client id and redirect")
		}
		family, err = oidclogin.New(ctx, oidclogin.Config{Issuer: *o.dIssuer, ClientID: *o.dClientID, ClientSecret: os.Getenv("ONTSCHOT_DIGID_CLIENT_SECRET"),
			RedirectURL: *o.dRedirect, BSNClaim: *o.dBSNClaim, Pseudonymise: k.PseudonymBSN})
		if err != nil {
			return nil, nil, err
		}
	}
	return staff, family, nil
}
