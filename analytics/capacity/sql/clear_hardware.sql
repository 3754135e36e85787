DELETE FROM hardware
