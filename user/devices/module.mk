# user/devices: one device per file; every .c here is a device (or a
# device's helper) and is built.
devices-src += $(sort $(wildcard user/devices/*.c))
