# user/block: the block layer (linked into ringvm, ringvm-img and the unit
# tests) and the ringvm-img tool.
block-src += \
	user/block/block.c \
	user/block/raw.c \
	user/block/qcow2.c \
	user/block/qcow2_cluster.c \
	user/block/qcow2_refcount.c \
	user/block/qcow2_compress.c \
	user/block/qcow2_snapshot.c
img-src += \
	user/block/tools/ringvm-img.c
