package postgres

// SeedDemoCitizens exposes seedDemoCitizens to the external test package
// (pgtest imports postgres, so the tests cannot live in package postgres).
var SeedDemoCitizens = seedDemoCitizens
