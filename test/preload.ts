// Test preload: nothing global but a sanity check that tests never inherit a production
// secret or Redis from the developer's shell by accident.
delete process.env.RAPIDAPI_PROXY_SECRET
