/** DataTransfer (1.6 and 2.0.1): the reference CSMS knows no vendor extensions. */
import { defineHandler } from '../handler.js';

export const dataTransfer = defineHandler<{ vendorId: string }>('DataTransfer', () => ({ status: 'UnknownVendorId' }));
