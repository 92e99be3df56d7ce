// Command ontschot is the one binary of Ontschot; see `ontschot help`.
package main

import "github.com/ontschot/ontschot/internal/cli"

func main() { cli.Main() }
