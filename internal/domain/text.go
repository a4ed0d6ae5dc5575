package domain

import "strings"

func trimmed(s string) string { return strings.TrimSpace(s) }

func lower(s string) string { return strings.ToLower(s) }
