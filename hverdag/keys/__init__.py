"""The key register (nøkkelregister): the service's keys to clients' homes, who holds them."""
