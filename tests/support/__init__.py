"""What the tests share: real workbooks, the xlwings stand-in, the independent attacker."""
