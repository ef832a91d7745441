/** Shared by the host config and the tests that talk to it. */
export const RESEND_TEST_KEY = "re_integration_test_key"
export const LINK_SECRET = "integration-test-secret-0123456789abcdef"
