#!/bin/sh
# gen_pinyin.sh <folder with Unihan_*.txt.bz2> <pinyin_data.inc> <pinyin_ext_b.inc> — see gen_pinyin.mjs.
set -e
mkdir -p "$(dirname "$2")"
bzcat "$1/Unihan_Readings.txt.bz2" "$1/Unihan_Variants.txt.bz2" | node "$(dirname "$0")/gen_pinyin.mjs" "$3.tmp" > "$2.tmp"
mv "$3.tmp" "$3"
mv "$2.tmp" "$2"
