#!/usr/bin/env bash
# Vendor the pinned front-end assets (package.json / package-lock.json) into
# the committed folders:
#   web/static/vendor/dkfds/   dkfds.min.css, dkfds.min.js, the font and
#                              image files that dkfds.min.css references via
#                              url(...) (same relative layout), the icon
#                              sprite img/all-svg-icons.svg, licenses
#   internal/browsertest/testdata/axe.min.js (+ axe-core.LICENSE)
# Run from anywhere; idempotent. Stale files are removed first so the
# vendor folders mirror exactly this selection.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

npm ci --ignore-scripts --no-audit --no-fund

nm="$root/node_modules"
vendor="$root/web/static/vendor"
axe_dir="$root/internal/browsertest/testdata"

# --- dkfds ---------------------------------------------------------------
dk_src="$nm/dkfds/dist"
dk_dst="$vendor/dkfds"
rm -rf "$dk_dst"
mkdir -p "$dk_dst/css" "$dk_dst/js"
cp "$dk_src/css/dkfds.min.css" "$dk_dst/css/dkfds.min.css"
cp "$dk_src/js/dkfds.min.js" "$dk_dst/js/dkfds.min.js"
cp "$nm/dkfds/LICENSE.md" "$dk_dst/LICENSE.md"   # MIT + notes on OFL fonts / Apache icons

# Every url(...) in the CSS, relative to css/. Quotes are stripped; data:,
# absolute and fragment-only URLs are ignored; ?query/#hash suffixes dropped.
missing=0
while IFS= read -r ref; do
  rel="${ref#../}"
  if [[ "$ref" != ../* ]]; then
    echo "vendor.sh: unexpected url($ref) in dkfds.min.css" >&2
    missing=1
    continue
  fi
  if [[ -f "$dk_src/$rel" ]]; then
    mkdir -p "$dk_dst/$(dirname "$rel")"
    cp "$dk_src/$rel" "$dk_dst/$rel"
  else
    echo "vendor.sh: dkfds.min.css references missing file: $ref" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$dk_src/css/dkfds.min.css" \
          | sed -E 's/^url\(//; s/\)$//; s/^["'\'']//; s/["'\'']$//; s/[?#].*$//' \
          | grep -v -E '^(data:|https?:|//|$)' \
          | sort -u)

# The SVG sprite is not referenced by the CSS, but DKFDS markup draws icons
# with <svg class="icon-svg"><use href="...#name"></use></svg> (alerts,
# breadcrumbs, pagination, header buttons), so ship it as well.
cp "$dk_src/img/all-svg-icons.svg" "$dk_dst/img/all-svg-icons.svg"

# Font licence (OFL) travels with the fonts; Apache-2.0 text for the icons.
font_dir="$dk_dst/fonts/IBMPlexSans"
if [[ -d "$font_dir" ]]; then
  cp "$dk_src/fonts/IBMPlexSans/complete/woff2/license.txt" "$font_dir/OFL-license.txt"
fi
if [[ -d "$dk_dst/img/svg-icons" ]]; then
  cat > "$dk_dst/img/svg-icons/LICENSE-ICONS.txt" <<'TXT'
The SVG icons in this folder (and the sprite ../all-svg-icons.svg) come from the dkfds npm package (Det Faelles
Designsystem). Per the package's LICENSE.md (copied to ../../LICENSE.md), the
icons based on Material Symbols and Pictogrammers Material Design Icons are
licensed under the Apache License, Version 2.0
(apache.org/licenses/LICENSE-2.0). You may only use these icons in
compliance with that license. See ../../LICENSE.md for the list of icons
and the modifications made to them.
TXT
fi

# --- axe-core (browser tests only) ---------------------------------------
mkdir -p "$axe_dir"
rm -f "$axe_dir/axe.min.js" "$axe_dir/axe-core.LICENSE"
cp "$nm/axe-core/axe.min.js" "$axe_dir/axe.min.js"
cp "$nm/axe-core/LICENSE" "$axe_dir/axe-core.LICENSE"

# Only DKFDS lives under web/static/vendor.
for d in "$vendor"/*; do
  case "$(basename "$d")" in
    dkfds) ;;
    *) rm -rf "$d" ;;
  esac
done

if [[ "$missing" -ne 0 ]]; then
  echo "vendor.sh: some url(...) references could not be resolved (see above)" >&2
  exit 1
fi

echo "vendored: $(find "$vendor" -type f | wc -l) files, $(du -sh "$vendor" | cut -f1) in web/static/vendor; axe.min.js in internal/browsertest/testdata"
