<?php
// Oracle for the Composer differential test: reads "A<TAB>B" lines,
// normalises both with Composer's VersionParser and prints "<", "=" or ">"
// as Composer's Comparator orders them, or "!" followed by L and/or R for a
// side VersionParser rejects (Debian's php-composer-semver).
require '/usr/share/php/Composer/Semver/autoload.php';

use Composer\Semver\Comparator;
use Composer\Semver\VersionParser;

$parser = new VersionParser();
$normalize = function (string $v) use ($parser): ?string {
    try {
        return $parser->normalize($v);
    } catch (\Throwable $e) {
        return null;
    }
};
$out = [];
foreach (explode("\n", stream_get_contents(STDIN)) as $line) {
    if ($line === '') {
        continue;
    }
    [$a, $b] = explode("\t", $line, 2);
    $na = $normalize($a);
    $nb = $normalize($b);
    if ($na === null || $nb === null) {
        $out[] = '!' . ($na === null ? 'L' : '') . ($nb === null ? 'R' : '');
    } elseif (Comparator::lessThan($na, $nb)) {
        $out[] = '<';
    } elseif (Comparator::equalTo($na, $nb)) {
        $out[] = '=';
    } else {
        $out[] = '>';
    }
}
echo implode("\n", $out), "\n";
