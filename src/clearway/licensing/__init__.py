"""Licences and permits a tariff line's supervision conditions call for: the dated code table,
the register customs keeps of the licences other authorities issue, and their write-off."""
