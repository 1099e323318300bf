# user/block: images and the ringvm-img tool.
img-src += \
	user/block/tools/ringvm-img.c
