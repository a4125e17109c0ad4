import type { Feature, HostContext } from '../../context';
import { CatalogRepository } from './catalog-repository';
import { seedDemoCatalog } from './demo-seed';

export function catalogFeature(ctx: HostContext): Feature & { repository: CatalogRepository } {
  const repository = new CatalogRepository(ctx.db, ctx.now);
  return {
    name: 'catalog',
    repository,
    start() {
      if (ctx.options.seedDemo !== false) seedDemoCatalog(ctx.db, repository);
    },
    handlers: {
      'catalog.listProducts': ({ query, limit }) => repository.list(query, limit),
      'catalog.getProduct': (by) => repository.get(by),
      'catalog.seedDemo': () => {
        const added = seedDemoCatalog(ctx.db, repository);
        if (added > 0) ctx.bus.publish('catalog.changed', { productIds: repository.list(undefined, 1000).products.map((p) => p.id) });
        return { added };
      },
    },
  };
}
