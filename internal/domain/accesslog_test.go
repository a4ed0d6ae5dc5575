package domain

import (
	"strings"
	"testing"
)

// TestEveryEntityHasADanishLabel: the access-log page and the citizen's
// export name what an entry is about in Danish, never the code.
func TestEveryEntityHasADanishLabel(t *testing.T) {
	entities := []string{EntityCitizen, EntityGrant, EntityLetter, EntityOverview, EntitySession, EntityConcern, EntityCoping,
		EntityMeeting, EntityRevision, EntitySwitch, EntityAccessLog, EntityTeam, EntityWorkQueue, EntityBudget,
		EntityDelivery, EntityStatement, EntityMyCitizens, EntityCitizens, EntityUser, EntityTeamRecord, EntityLegalBasis,
		EntityCatalogueItem, EntitySupervision, EntityTargetGroup, EntityBudgetRecord, EntityMentorProfile,
		EntitySetting, EntityAdministration, EntityCSRF, EntityRoute}
	unknown := EntityLabel("no-such-entity")
	seen := map[string]string{}
	for _, e := range entities {
		label := EntityLabel(e)
		if label == "" || label == unknown || strings.Contains(label, "_") {
			t.Errorf("%q has no Danish label: %q", e, label)
		}
		if other, dup := seen[label]; dup {
			t.Errorf("%q and %q share the label %q", e, other, label)
		}
		seen[label] = e
	}
	if unknown != "Andre oplysninger" || EntityLabel("") != "" {
		t.Errorf("fallbacks: %q, %q", unknown, EntityLabel(""))
	}
}
