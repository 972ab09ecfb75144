#!/bin/sh
# The .deb as a user gets it (#26): CPack builds it from this build tree, lintian finds no error
# in it, and the capsule it unpacks runs, traces a program and has its man pages and completions
# where man and the shells look for them.
#   deb_test.sh BUILD_DIR
set -eu
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/*.deb)
dpkg-deb --info "$deb" | grep -q "Depends: .*libseccomp" || { echo "no libseccomp in Depends:"; dpkg-deb --info "$deb"; exit 1; }
# libpq is opened only by the store's commands, so it is recommended, not linked (where built).
if "$build/capsule" push --help >/dev/null 2>&1; then
  dpkg-deb --info "$deb" | grep -q "Recommends: .*libpq5" || { echo "no libpq5 in Recommends:"; dpkg-deb --info "$deb"; exit 1; }
fi
lintian --fail-on error --suppress-tags-from-file /dev/null "$deb"
dpkg-deb -x "$deb" "$work/root"
for f in usr/bin/capsule usr/share/man/man1/capsule.1.gz usr/share/man/man1/capsule-run.1.gz \
         usr/share/bash-completion/completions/capsule usr/share/zsh/vendor-completions/_capsule \
         usr/share/fish/vendor_completions.d/capsule.fish usr/share/doc/capsule/copyright \
         usr/share/doc/capsule/changelog.gz usr/share/doc/capsule/FORMAT.md; do
  [ -f "$work/root/$f" ] || { echo "missing from the package: /$f"; exit 1; }
done
"$work/root/usr/bin/capsule" --version
# A copied binary needs no data file of the build tree: the default rules are built in.
out=$("$work/root/usr/bin/capsule" run -q --home "$work/home" -- /bin/sh -c 'echo packaged')
[ "$out" = packaged ] || { echo "the traced program's output: '$out'"; exit 1; }
"$work/root/usr/bin/capsule" verify --home "$work/home" >/dev/null
zcat "$work/root/usr/share/man/man1/capsule-run.1.gz" | grep -q '^\.SH OPTIONS'
echo "deb_test: $(basename "$deb") ok"
