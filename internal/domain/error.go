// Package domain holds Mentorspor's business: its types, the rules and the
// validation, as plain Go that needs neither a database nor HTTP to test.
package domain

import (
	"errors"
	"fmt"
)

// Error kinds. The HTTP layer maps each to one status code in one place.
const (
	ENOTFOUND  = "not_found" // 404
	EINVALID   = "invalid"   // 422
	EFORBIDDEN = "forbidden" // 403
	ECONFLICT  = "conflict"  // 409
	EINTERNAL  = "internal"  // 500
	ELOCKED    = "locked"    // 429: sign-in refused for a while
	EAUTH      = "unauthorized"
)

// Error is an error a user may see. Message is Danish and safe to show;
// Fields holds per-field validation messages keyed by form field name.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	return fmt.Sprintf("mentorspor error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an Error of the given kind with a formatted Danish message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the kind of err, or EINTERNAL for errors that are not ours.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	if _, ok := IsAlreadySaved(err); ok {
		return ECONFLICT
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic text so that their details never reach a page.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	if _, ok := IsAlreadySaved(err); ok {
		return "Formularen er allerede gemt."
	}
	return "Der opstod en intern fejl."
}

// Validation collects field messages and becomes an EINVALID error.
type Validation map[string]string

// Add records msg for field unless the field already has a message.
func (v Validation) Add(field, msg string) {
	if _, ok := v[field]; !ok {
		v[field] = msg
	}
}

// Err returns nil when nothing was added.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Formularen indeholder fejl. Ret de markerede felter.", Fields: v}
}

// FieldErrors returns the per-field messages of an EINVALID error, or nil.
func FieldErrors(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
