// Module RunStore.
