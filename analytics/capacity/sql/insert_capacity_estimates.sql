INSERT INTO capacity_estimates BY NAME SELECT * FROM _capacity_estimates_in
