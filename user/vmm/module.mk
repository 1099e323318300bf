# user/vmm: the top floor, ringvm's main program.
vmm-src += \
	user/vmm/main.c \
	user/vmm/options.c
vmm-src += \
	user/vmm/machine.c \
	user/vmm/multiboot.c \
	user/vmm/monitor.c \
	user/vmm/pc.c \
	user/vmm/vcpu.c
vmm-src += user/vmm/linuxboot.c
# the human monitor (monitor.c: editing, table, dispatch) and QMP
vmm-src += \
	user/vmm/monitor_dev.c \
	user/vmm/monitor_expr.c \
	user/vmm/monitor_info.c \
	user/vmm/monitor_mem.c \
	user/vmm/monitor_screen.c \
	user/vmm/gdbstub.c \
	user/vmm/gdbstub_packet.c \
	user/vmm/gdbstub_regs.c \
	user/vmm/qmp.c \
	user/vmm/qmp_cmds.c
