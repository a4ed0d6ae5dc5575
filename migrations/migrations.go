// Package migrations embeds the numbered SQL migrations so the binary carries
// its own schema (go:embed cannot reach parent folders, hence this file).
package migrations

import "embed"

//go:embed *.sql
var FS embed.FS
