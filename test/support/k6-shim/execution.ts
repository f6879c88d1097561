/** k6/execution under Node: only `vu.idInTest`, the VU the shim is running. */
import { shimState } from './state.js';

export default {
  vu: {
    get idInTest(): number {
      return shimState().vu;
    },
  },
};
