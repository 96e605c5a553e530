// Jest's resolver, but pdf-lib gets for 'pako' the module the bundle gives it (src/pdf/pako-native.cjs),
// so in-process builds write the bytes a built casebuilder writes. Other packages keep their own pako.
const path = require('node:path');

const PDF_LIB_CORE = /[\\/]node_modules[\\/]pdf-lib[\\/](es|cjs)[\\/]core([\\/]|$)/;

module.exports = (request, options) => {
  if (request === 'pako' && PDF_LIB_CORE.test(options.basedir))
    return path.join(options.rootDir, 'src', 'pdf', 'pako-native.cjs');
  return options.defaultResolver(request, options);
};
