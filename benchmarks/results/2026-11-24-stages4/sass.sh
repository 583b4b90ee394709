cuobjdump --dump-sass .device/s4k.cubin > $OUT/s4k.sass
grep -n -E "STL|LDL" $OUT/s4k.sass | awk '{$NF=""; print}' | cut -c1-90
echo "setmaxnreg / QGMMA / UTMALDG lines:"; grep -n -E "USETMAXREG|QGMMA|UTMALDG" $OUT/s4k.sass | awk '{print $1, $3, $4}' | head -40
