#!/usr/bin/env bash
# Copy the web UI's JavaScript/CSS from the npm registry into the package, with their licences:
# the pages load nothing from the network. Run after changing a version below; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
LEAFLET=1.9.4      # the map (BSD-2-Clause)
CYTOSCAPE=3.35.0   # the graph (MIT)
DEST=src/rasd/web/static/vendor
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fetch() {  # fetch NAME VERSION → unpacked in $WORK/NAME
  (cd "$WORK" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar -xzf "$1-$2.tgz" -C "$1")
}

fetch leaflet "$LEAFLET"
fetch cytoscape "$CYTOSCAPE"

rm -rf "$DEST"
mkdir -p "$DEST/leaflet/images" "$DEST/cytoscape"
cp "$WORK/leaflet/package/dist/leaflet.js" "$WORK/leaflet/package/dist/leaflet.css" "$DEST/leaflet/"
cp "$WORK/leaflet/package/dist/images/"*.png "$DEST/leaflet/images/"
cp "$WORK/leaflet/package/LICENSE" "$DEST/leaflet/LICENSE"
cp "$WORK/cytoscape/package/dist/cytoscape.min.js" "$DEST/cytoscape/"
cp "$WORK/cytoscape/package/LICENSE" "$DEST/cytoscape/LICENSE"
cat > "$DEST/VERSIONS.txt" <<VERSIONS
# written by scripts/vendor-web.sh from the npm registry (npm pack)
leaflet $LEAFLET BSD-2-Clause
cytoscape $CYTOSCAPE MIT
VERSIONS
echo "vendored into $DEST:"
find "$DEST" -type f | sort
