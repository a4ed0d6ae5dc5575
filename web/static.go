// Package web holds what the browser gets: the embedded static files and,
// in views, the templ components.
package web

import "embed"

// Static is served under /static/: our stylesheet and the pinned vendor
// assets (DKFDS) copied in by `make vendor`.
//
//go:embed static
var Static embed.FS
