# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel modules for a guest script: the test guest's initramfs has only
# busybox, so a test that needs a driver carries its .ko files inside the
# script it gives scripts/fetch-guest --script.
#
#   guest_modules_extract DEB DIR    unpack the .ko files of the kernel
#                                    package DEB below DIR
#   guest_modules_script DIR MOD...  print shell lines that write each
#                                    module (a path below kernel/, without
#                                    .ko, in dependency order) to /tmp and
#                                    insmod it; a module missing from the
#                                    package prints "missing-module=NAME";
#                                    parameters come from the kernel command
#                                    line (NAME.PARAM=VALUE), as modprobe
#                                    would pass them

guest_modules_extract() {
	rm -rf "$2" && mkdir -p "$2" &&
		dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards \
			'./lib/modules/*/kernel/*.ko' 2>/dev/null
}

guest_modules_script() {
	local dir=$1 m f n
	shift
	cat <<'EOS'
module_params() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1".*=*) echo "${w#"$1".}" ;; esac
	done
}
EOS
	for m in "$@"; do
		f=$(ls "$dir"/lib/modules/*/kernel/"$m".ko 2>/dev/null)
		[ -n "$f" ] || { echo "echo missing-module=$m"; continue; }
		n=${m##*/}
		echo "base64 -d >/tmp/$n.ko <<'B64'"
		base64 "$f"
		echo "B64"
		echo "insmod /tmp/$n.ko \$(module_params $n) || echo insmod-failed=$n"
		echo "rm -f /tmp/$n.ko"
	done
}

# The IDE stack of Debian's kernel: ata_piix with libata, sd, sr.
GUEST_MODULES_IDE="crypto/crct10dif_common crypto/crct10dif_generic
lib/crc-t10dif lib/crc64 crypto/crc64_rocksoft_generic lib/crc64-rocksoft
block/t10-pi drivers/scsi/scsi_common drivers/scsi/scsi_mod
drivers/ata/libata drivers/ata/ata_piix drivers/cdrom/cdrom
drivers/scsi/sr_mod drivers/scsi/sd_mod"
# ext2 (through ext4.ko, which mounts ext2) and the checksum it asks for
GUEST_MODULES_EXT2="lib/crc16 fs/mbcache fs/jbd2/jbd2 crypto/crc32c_generic
fs/ext4/ext4"
