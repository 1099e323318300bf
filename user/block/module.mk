# user/block: the block layer (linked into ringvm, ringvm-img and the unit
# tests) and the ringvm-img tool.
block-src += \
	user/block/block.c \
	user/block/aes.c \
	user/block/crypt_key.c \
	user/block/secret.c \
	user/block/raw.c \
	user/block/qcow2.c \
	user/block/qcow2_cluster.c \
	user/block/qcow2_refcount.c \
	user/block/qcow2_compress.c \
	user/block/qcow2_snapshot.c \
	user/block/qcow2_backing.c \
	user/block/qcow.c \
	user/block/vmdk.c \
	user/block/vmdk_descriptor.c \
	user/block/vvfat.c \
	user/block/vvfat_dir.c \
	user/block/cloop.c \
	user/block/bochs.c \
	user/block/cow.c
img-src += \
	user/block/tools/ringvm-img.c \
	user/block/tools/img_crypt.c \
	user/block/tools/img_chain.c
