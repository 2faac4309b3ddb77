# SPDX-License-Identifier: BSD-2-Clause
# cairn-dump (filled by the dump work)
