"""Users, roles, sign-in and the actor every service call is made on behalf of."""
