INSERT INTO hardware BY NAME SELECT * FROM _capacity_hardware_in
