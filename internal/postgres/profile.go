package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The profile booklet (profilhæfte) describes each mentor: who they are, what
// they know, what they are qualified for, how they are employed and how much
// room they have. Caseworkers use it to match a citizen with a person.

// profileSelect yields one row per active user with the mentor role or a
// profile, with the hours a week booked on grants active on $1 (today).
const profileSelect = `
	SELECT * FROM (
		SELECT u.id, u.display_name, u.email, u.phone,
		       COALESCE(p.qualified_mentor, false) AS qualified_mentor,
		       COALESCE(p.qualified_support, false) AS qualified_support,
		       COALESCE(p.capacity_hours, 0)::float8 AS capacity,
		       COALESCE(b.hours, 0)::float8 AS booked,
		       COALESCE(p.presentation, '') AS presentation,
		       COALESCE(p.specialties, '{}') AS specialties,
		       COALESCE(p.languages, '{}') AS languages,
		       COALESCE(p.employment, 'fastansat') AS employment
		FROM users u
		LEFT JOIN mentor_profiles p ON p.user_id = u.id
		LEFT JOIN (
			SELECT g.person_id, sum(g.hours_per_week) AS hours
			FROM grants g
			WHERE grant_active(g.status, g.start_date, g.end_date, g.ended_on, $1)
			GROUP BY g.person_id
		) b ON b.person_id = u.id
		WHERE u.active AND ('mentor' = ANY (u.roles) OR p.user_id IS NOT NULL)
	) x`

func (db *DB) findProfiles(ctx context.Context, w *where) ([]domain.Profile, error) {
	rows, err := db.Pool.Query(ctx, profileSelect+" "+w.sql()+" ORDER BY x.display_name, x.id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("find profiles: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Profile, error) {
		var p domain.Profile
		err := r.Scan(&p.UserID, &p.Name, &p.Email, &p.Phone, &p.QualifiedMentor, &p.QualifiedSupport,
			&p.CapacityHours, &p.BookedHours, &p.Presentation, &p.Specialties, &p.Languages, &p.Employment)
		return p, err
	})
}

// profileWhere starts a filter whose $1 is today's Copenhagen date, the day
// the booked hours are counted on.
func (db *DB) profileWhere() *where {
	return &where{args: []any{domain.DateOf(db.now())}}
}

// FindProfiles returns the booklet: every active mentor or user with a
// profile that matches f, by name.
func (db *DB) FindProfiles(ctx context.Context, f domain.ProfileFilter) ([]domain.Profile, error) {
	w := db.profileWhere()
	switch f.Function {
	case domain.FunctionMentor:
		w.add("x.qualified_mentor")
	case domain.FunctionSupport:
		w.add("x.qualified_support")
	}
	if s := strings.TrimSpace(f.Specialty); s != "" {
		w.add("EXISTS (SELECT 1 FROM unnest(x.specialties) s WHERE lower(s) = lower(%s))", s)
	}
	if f.FreeCapacity {
		w.add("x.capacity > x.booked")
	}
	return db.findProfiles(ctx, w)
}

// FindProfile returns one person's profile, or ENOTFOUND when the user is not
// an active mentor and has no profile.
func (db *DB) FindProfile(ctx context.Context, userID int64) (domain.Profile, error) {
	w := db.profileWhere()
	w.add("x.id = %s", userID)
	profiles, err := db.findProfiles(ctx, w)
	if err != nil {
		return domain.Profile{}, err
	}
	if len(profiles) == 0 {
		return domain.Profile{}, notFound("Profilen")
	}
	return profiles[0], nil
}

// FindSpecialties returns every specialty written in an active person's
// profile, once each regardless of case, alphabetically: the booklet's
// specialty filter.
func (db *DB) FindSpecialties(ctx context.Context) ([]string, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT min(s)
		FROM mentor_profiles p
		JOIN users u ON u.id = p.user_id AND u.active
		CROSS JOIN unnest(p.specialties) s
		GROUP BY lower(s)
		ORDER BY lower(s)`)
	if err != nil {
		return nil, fmt.Errorf("find specialties: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// UpdateProfile validates and stores in for userID, creating the profile
// when the person has none. v may already hold the form's parse errors.
func (db *DB) UpdateProfile(ctx context.Context, userID int64, in domain.ProfileInput, v domain.Validation) error {
	in.Validate(v)
	if err := v.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		var eligible bool
		err := tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND u.active
				AND ('mentor' = ANY (u.roles) OR EXISTS (SELECT 1 FROM mentor_profiles p WHERE p.user_id = u.id)))`,
			userID).Scan(&eligible)
		if err != nil {
			return fmt.Errorf("check profile owner %d: %w", userID, err)
		}
		if !eligible {
			return notFound("Profilen")
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO mentor_profiles (user_id, presentation, specialties, languages)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET presentation = EXCLUDED.presentation,
				specialties = EXCLUDED.specialties, languages = EXCLUDED.languages, updated_at = now()`,
			userID, in.Presentation, in.Specialties, in.Languages); err != nil {
			return fmt.Errorf("update profile %d: %w", userID, err)
		}
		if t := in.Terms; t != nil {
			if _, err := tx.Exec(ctx, `
				UPDATE mentor_profiles SET qualified_mentor = $2, qualified_support = $3, employment = $4,
					capacity_hours = $5, updated_at = now()
				WHERE user_id = $1`,
				userID, t.QualifiedMentor, t.QualifiedSupport, t.Employment, t.CapacityHours); err != nil {
				return fmt.Errorf("update profile terms %d: %w", userID, err)
			}
		}
		return nil
	})
}
