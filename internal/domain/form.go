package domain

import (
	"errors"
	"fmt"
)

// Form kinds: what a create form makes. A form's one-time token is claimed
// under its kind, and a repeated submit is answered with the kind's result.
const (
	FormSession = "session"
	FormConcern = "concern"
	FormCitizen = "citizen"

	FormGrant         = "grant"
	FormCopingRequest = "coping_request"
	FormCopingStart   = "coping_start"
	FormPhaseSwitch   = "phase_switch"
	FormMeeting       = "meeting"
	FormRevision      = "revision"
	FormExtension     = "extension"
	FormSupervision   = "supervision"
	FormCatalogueItem = "catalogue_item"
	FormTargetGroup   = "target_group"
	FormFFBArea       = "support_area"
	FormFFBPurpose    = "support_purpose"
	FormLegalBasis    = "legal_basis"
	FormTeam          = "team"
	FormUser          = "user"
	FormProposal      = "proposal"
)

// AlreadySaved is what a create returns when its form's one-time token was
// claimed by an earlier submit: the earlier submit's result, instead of a
// duplicate. The HTTP layer answers it with a redirect to that result.
type AlreadySaved struct {
	Kind string
	ID   int64
}

func (e *AlreadySaved) Error() string {
	return fmt.Sprintf("mentorspor: form already saved as %s %d", e.Kind, e.ID)
}

// IsAlreadySaved returns the earlier result when err says the form was saved before.
func IsAlreadySaved(err error) (*AlreadySaved, bool) {
	var a *AlreadySaved
	ok := errors.As(err, &a)
	return a, ok
}

// ValidFormToken reports whether t looks like a token the server issued:
// 32 lowercase hex digits (128 random bits). Anything else is ignored.
func ValidFormToken(t string) bool {
	if len(t) != 32 {
		return false
	}
	for _, c := range t {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
