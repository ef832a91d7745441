const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

// Each test file boots its own app: start from empty ORM metadata.
MetadataStorage.clear()
