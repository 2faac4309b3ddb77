# SPDX-License-Identifier: BSD-2-Clause
# cairn-mkimage (filled by the mkimage work)
